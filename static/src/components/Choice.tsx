import Select from '@atlaskit/select';

export interface ChoiceOption {
  value: string;
  label: string;
}

/** What every one-value picker of the app takes (Choice's Select, ScalePick's radios). */
export interface PickerProps {
  testId: string;
  value: string;
  options: ChoiceOption[];
  onChange: (value: string) => void;
  isDisabled?: boolean;
  isInvalid?: boolean;
  describedBy?: string;
}

/**
 * One choice from a list, with Atlaskit's Select (as Jira's own pickers), for a value kept as a
 * string. The wrapper carries `data-testid` and the chosen `data-value` for tests, since Atlaskit's
 * Select does not pass a test id through; `id` goes to its input so a <label htmlFor> names it.
 */
export function Choice({
  id,
  testId,
  value,
  options,
  onChange,
  isDisabled,
  isInvalid,
  describedBy,
  placeholder = 'Choose…',
  label,
}: PickerProps & {
  id: string;
  placeholder?: string;
  /** An accessible name when no <label htmlFor={id}> names the picker (a table cell). */
  label?: string;
}) {
  const selected = options.find((o) => o.value === value) ?? null;
  return (
    <div data-testid={testId} data-value={value}>
      <Select<ChoiceOption>
        inputId={id}
        options={options}
        value={selected}
        onChange={(o) => onChange(o ? o.value : '')}
        isDisabled={isDisabled}
        isInvalid={isInvalid}
        placeholder={placeholder}
        aria-describedby={describedBy}
        aria-label={label}
        spacing="compact"
        menuPlacement="auto"
      />
    </div>
  );
}
