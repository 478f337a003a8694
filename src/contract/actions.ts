/** Issue 19: what the Automation configuration form of a Refinery action shows (resolver `getActionForm`). */
export interface ActionFormInput {
  name: string;
  title: string;
  type: 'string' | 'integer' | 'number' | 'boolean';
  required: boolean;
  description: string;
}

export interface ActionFormData {
  key: string;
  name: string;
  description: string;
  inputs: ActionFormInput[];
}
