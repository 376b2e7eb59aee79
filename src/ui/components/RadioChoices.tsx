/** A row of radio buttons (task, kind of model, normalization): one name, one checked value. */
import type { ReactNode } from 'react';

export interface Choice<T extends string> {
  value: T;
  label: ReactNode;
  title?: string;
  className?: string;
  testId?: string;
}

export function RadioChoices<T extends string>(props: {
  name: string;
  label: string;
  choices: Choice<T>[];
  value: T;
  disabled: boolean;
  onChange: (value: T) => void;
  /** show the label before the buttons (rows that a heading above does not name) */
  showLabel?: boolean;
}) {
  const { name, label, choices, value, disabled, onChange, showLabel } = props;
  return (
    <div className="choices" role="radiogroup" aria-label={label}>
      {showLabel && (
        <span className="choices__label" aria-hidden="true">
          {label}:
        </span>
      )}
      {choices.map((c) => (
        <label key={c.value} title={c.title} className={c.className}>
          <input
            type="radio"
            name={name}
            value={c.value}
            checked={value === c.value}
            disabled={disabled}
            onChange={() => onChange(c.value)}
            data-testid={c.testId}
          />
          {c.label}
        </label>
      ))}
    </div>
  );
}
