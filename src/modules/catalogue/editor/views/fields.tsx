import type { Children } from '@kitajs/html';
import type { Translate } from '../../../../platform/i18n/index.ts';
import type { FieldErrors, Option } from '../../../../platform/web/forms.tsx';
import { esc } from '../../../../platform/web/html.ts';

// Form fields the shared forms.tsx does not have (a text area, a multiple select, grouped
// checkboxes), with the same markup: label, hint, the field's own error, aria-describedby.

export const fieldId = (name: string) => `veld-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

interface Props {
  t: Translate;
  name: string;
  label: string;
  errors: FieldErrors;
  hint?: string | undefined;
  optional?: boolean;
}

const errorOf = (errors: FieldErrors, name: string) => errors.find((error) => error.field === name);

function describedBy(props: Props): string | undefined {
  const id = fieldId(props.name);
  const ids = [props.hint ? `${id}-hint` : '', errorOf(props.errors, props.name) ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function Help(props: Props) {
  const id = fieldId(props.name);
  const error = errorOf(props.errors, props.name);
  return (
    <>
      {props.hint ? (
        <div class="utrecht-form-field-description" id={`${id}-hint`}>
          {esc(props.hint)}
        </div>
      ) : (
        ''
      )}
      {error ? (
        <div class="utrecht-form-field-error-message" id={`${id}-error`}>
          {esc(props.t(error.key, error.params))}
        </div>
      ) : (
        ''
      )}
    </>
  );
}

function Shell(props: Props & { children: Children }) {
  const invalid = Boolean(errorOf(props.errors, props.name));
  return (
    <div class={`utrecht-form-field utrecht-form-field--text${invalid ? ' utrecht-form-field--invalid' : ''}`}>
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for={fieldId(props.name)}>
          {esc(props.label)}
          {props.optional ? esc(` ${props.t('field.optional')}`) : ''}
        </label>
      </div>
      <Help {...props} />
      <div class="utrecht-form-field__input">{props.children}</div>
    </div>
  );
}

export function TextArea(props: Props & { value: string; rows?: number; maxlength?: number }) {
  const invalid = Boolean(errorOf(props.errors, props.name));
  return (
    <Shell {...props}>
      <textarea
        class={`utrecht-textarea utrecht-textarea--html-textarea${invalid ? ' utrecht-textarea--invalid' : ''}`}
        id={fieldId(props.name)}
        name={props.name}
        rows={String(props.rows ?? 4)}
        maxlength={props.maxlength}
        required={!props.optional}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      >
        {esc(props.value)}
      </textarea>
    </Shell>
  );
}

export function InputField(
  props: Props & { value: string; type?: 'text' | 'email' | 'tel' | 'url'; inputmode?: 'decimal' | 'numeric' | 'text'; maxlength?: number; autocomplete?: string; size?: number },
) {
  const invalid = Boolean(errorOf(props.errors, props.name));
  return (
    <Shell {...props}>
      <input
        class={`utrecht-textbox utrecht-textbox--html-input${invalid ? ' utrecht-textbox--invalid' : ''}`}
        id={fieldId(props.name)}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        inputmode={props.inputmode}
        maxlength={props.maxlength}
        autocomplete={props.autocomplete}
        size={props.size === undefined ? undefined : String(props.size)}
        required={!props.optional}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      />
    </Shell>
  );
}

export function MultiSelect(props: Props & { values: readonly string[]; options: readonly Option[]; size?: number }) {
  const invalid = Boolean(errorOf(props.errors, props.name));
  return (
    <Shell {...props}>
      <select
        class={`utrecht-select utrecht-select--html-select wc-multiselect${invalid ? ' utrecht-select--invalid' : ''}`}
        id={fieldId(props.name)}
        name={props.name}
        multiple="multiple"
        size={String(props.size ?? 8)}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      >
        {props.options.map((option) => (
          <option value={option.value} selected={props.values.includes(option.value)}>
            {esc(option.label)}
          </option>
        ))}
      </select>
    </Shell>
  );
}

/** Checkboxes in groups (a fieldset per group inside one fieldset), with ids unique per option. */
export function GroupedCheckboxes(props: Props & { values: readonly string[]; groups: readonly { label: string; options: readonly Option[] }[] }) {
  const id = fieldId(props.name);
  const invalid = Boolean(errorOf(props.errors, props.name));
  return (
    <fieldset class={`utrecht-form-fieldset${invalid ? ' utrecht-form-fieldset--invalid' : ''}`} id={id} aria-describedby={describedBy(props)}>
      <legend class="utrecht-form-fieldset__legend">{esc(props.label)}</legend>
      <Help {...props} />
      {props.groups.map((group) => (
        <fieldset class="utrecht-form-fieldset wc-subgroup">
          <legend class="utrecht-form-fieldset__legend wc-subgroup__legend">{esc(group.label)}</legend>
          {group.options.map((option) => (
            <Checkbox name={props.name} id={`${id}-${option.value}`} value={option.value} label={option.label} checked={props.values.includes(option.value)} />
          ))}
        </fieldset>
      ))}
    </fieldset>
  );
}

export function Checkbox(props: { name: string; id: string; value: string; label: string; checked: boolean }) {
  return (
    <div class="utrecht-form-field utrecht-form-field--checkbox">
      <div class="utrecht-form-field__input">
        <input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id={props.id} name={props.name} value={props.value} checked={props.checked} />
      </div>
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label wc-label-normal" for={props.id}>
          {esc(props.label)}
        </label>
      </div>
    </div>
  );
}
