import { Radio } from '@atlaskit/radio';
import type { PickerProps } from './Choice';

/**
 * One value from a short scale (the WSJF Fibonacci 1–20), as a row of Atlaskit radios: every value
 * in sight, picked with a click or, once Tab has reached the group, the arrow keys. Lighter than the
 * Select in Choice.tsx (issue 16: the feature panel's JavaScript). The wrapper carries `data-testid`
 * and the chosen `data-value` as Choice's does; each radio is `${testId}-${value}`, named `name`.
 */
export function ScalePick({
  name,
  testId,
  labelId,
  value,
  options,
  onChange,
  isDisabled,
  isInvalid,
  describedBy,
}: PickerProps & {
  name: string;
  /** The id of the element naming the group (its visible label). */
  labelId: string;
}) {
  return (
    <div
      role="radiogroup"
      aria-labelledby={labelId}
      aria-describedby={describedBy}
      aria-invalid={isInvalid || undefined}
      data-testid={testId}
      data-value={value}
      style={{ display: 'flex', flexWrap: 'wrap', columnGap: 12, rowGap: 4 }}
    >
      {options.map((o) => (
        <Radio
          key={o.value}
          name={name}
          value={o.value}
          label={o.label}
          isChecked={o.value === value}
          isDisabled={isDisabled}
          isInvalid={isInvalid && o.value === value}
          onChange={(e) => onChange(e.currentTarget.value)}
          testId={`${testId}-${o.value}`}
        />
      ))}
    </div>
  );
}
