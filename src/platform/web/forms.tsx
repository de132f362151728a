import type { Children } from '@kitajs/html';
import type { Translate } from '../i18n/index.ts';
import type { FieldError } from '../http/errors.ts';
import { esc } from './html.ts';

// Form building blocks (NL Design System markup): each field shows its label, hint and its own
// error, and the summary at the top links to the fields. Values are always re-rendered.

export type FieldErrors = readonly FieldError[];

function errorFor(errors: FieldErrors, name: string): FieldError | undefined {
  return errors.find((error) => error.field === name);
}

/** The field of an error about the whole form (expired, refused by the database): it has no input to link to. */
export const FORM_ERROR_FIELD = 'form';

/** The id of a field's input (and the prefix of its hint, error and option ids). */
export const fieldId = (name: string) => `veld-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

/** The summary names the field of each error, so two "Make a choice." links are not ambiguous. */
function summaryText(t: Translate, error: FieldError, labels: Readonly<Record<string, string>> | undefined): string {
  const message = t(error.key, error.params);
  const label = labels?.[error.field];
  return label ? `${label}: ${message.charAt(0).toLowerCase()}${message.slice(1)}` : message;
}

export function ErrorSummary({ t, errors, labels }: { t: Translate; errors: FieldErrors; labels?: Readonly<Record<string, string>> }) {
  if (errors.length === 0) return <></>;
  return (
    <div class="utrecht-alert utrecht-alert--error" role="alert" aria-labelledby="fouten-titel">
      <h2 class="utrecht-heading-2" id="fouten-titel">
        {esc(t('form.errorSummary'))}
      </h2>
      <ul class="utrecht-unordered-list">
        {errors.map((error) => (
          <li>
            {error.field === FORM_ERROR_FIELD ? (
              esc(summaryText(t, error, labels))
            ) : (
              <a class="utrecht-link" href={`#${fieldId(error.field)}`}>
                {esc(summaryText(t, error, labels))}
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  t: Translate;
  name: string;
  label: string;
  errors: FieldErrors;
  hint?: string | undefined;
  optional?: boolean;
  /** Overrides `required` (default: not optional), for a field that is one of several ways to answer. */
  required?: boolean;
}

/** The hint and the error of a field, with the ids its input's aria-describedby points to. */
function FieldHelp({ t, id, hint, error }: { t: Translate; id: string; hint: string | undefined; error: FieldError | undefined }) {
  return (
    <>
      {hint ? (
        <div class="utrecht-form-field-description" id={`${id}-hint`}>
          {esc(hint)}
        </div>
      ) : (
        ''
      )}
      {error ? (
        <div class="utrecht-form-field-error-message" id={`${id}-error`}>
          {esc(t(error.key, error.params))}
        </div>
      ) : (
        ''
      )}
    </>
  );
}

function FieldShell(props: FieldProps & { kind?: 'text' | 'textarea'; children: Children }) {
  const error = errorFor(props.errors, props.name);
  const id = fieldId(props.name);
  return (
    <div class={`utrecht-form-field utrecht-form-field--${props.kind ?? 'text'}${error ? ' utrecht-form-field--invalid' : ''}`}>
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for={id}>
          {esc(props.label)}
          {props.optional ? esc(` ${props.t('field.optional')}`) : ''}
        </label>
      </div>
      <FieldHelp t={props.t} id={id} hint={props.hint} error={error} />
      <div class="utrecht-form-field__input">{props.children}</div>
    </div>
  );
}

function describedBy(props: FieldProps): string | undefined {
  const id = fieldId(props.name);
  const ids = [props.hint ? `${id}-hint` : '', errorFor(props.errors, props.name) ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export function TextField(
  props: FieldProps & {
    value: string | undefined;
    type?: 'text' | 'email' | 'password' | 'url' | 'tel' | 'date';
    autocomplete?: string;
    inputmode?: 'numeric' | 'decimal' | 'text' | 'email';
    list?: string;
    maxlength?: number;
    size?: number;
    spellcheck?: boolean;
  },
) {
  const invalid = Boolean(errorFor(props.errors, props.name));
  return (
    <FieldShell {...props}>
      <input
        class={`utrecht-textbox utrecht-textbox--html-input${invalid ? ' utrecht-textbox--invalid' : ''}`}
        id={fieldId(props.name)}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? undefined : props.value}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        list={props.list}
        maxlength={props.maxlength}
        size={props.size === undefined ? undefined : String(props.size)}
        spellcheck={props.spellcheck === false ? 'false' : undefined}
        required={props.required ?? !props.optional}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      />
    </FieldShell>
  );
}

/** A file to upload; its form needs `enctype="multipart/form-data"`. */
export function FileField(props: FieldProps & { accept?: string }) {
  const invalid = Boolean(errorFor(props.errors, props.name));
  return (
    <FieldShell {...props}>
      <input
        class={`utrecht-textbox utrecht-textbox--html-input${invalid ? ' utrecht-textbox--invalid' : ''}`}
        id={fieldId(props.name)}
        name={props.name}
        type="file"
        accept={props.accept}
        required={props.required ?? !props.optional}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      />
    </FieldShell>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(props: FieldProps & { value: string | undefined; options: readonly Option[]; placeholder?: string }) {
  const invalid = Boolean(errorFor(props.errors, props.name));
  return (
    <FieldShell {...props}>
      <select
        class={`utrecht-select utrecht-select--html-select${invalid ? ' utrecht-select--invalid' : ''}`}
        id={fieldId(props.name)}
        name={props.name}
        required={props.required ?? !props.optional}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      >
        {props.placeholder !== undefined && (
          <option value="" selected={!props.value}>
            {esc(props.placeholder)}
          </option>
        )}
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === props.value}>
            {esc(option.label)}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** Radio buttons or checkboxes in a fieldset; the legend is the question. */
export function ChoiceGroup(
  props: FieldProps & { type: 'radio' | 'checkbox'; values: readonly string[]; options: readonly Option[] },
) {
  const error = errorFor(props.errors, props.name);
  const id = fieldId(props.name);
  return (
    <fieldset
      class={`utrecht-form-fieldset${error ? ' utrecht-form-fieldset--invalid' : ''}`}
      aria-describedby={describedBy(props)}
      id={id}
    >
      <legend class="utrecht-form-fieldset__legend">{esc(props.label)}</legend>
      <FieldHelp t={props.t} id={id} hint={props.hint} error={error} />
      {props.options.map((option, index) => {
        const optionId = `${id}-${index}`;
        return (
          <div class={`utrecht-form-field utrecht-form-field--${props.type === 'radio' ? 'radio' : 'checkbox'}`}>
            <div class="utrecht-form-field__input">
              <input
                class={
                  props.type === 'radio'
                    ? 'utrecht-radio-button utrecht-radio-button--html-input'
                    : 'utrecht-checkbox utrecht-checkbox--html-input'
                }
                type={props.type}
                id={optionId}
                name={props.name}
                value={option.value}
                checked={props.values.includes(option.value)}
              />
            </div>
            <div class="utrecht-form-field__label">
              <label class="utrecht-form-label" for={optionId}>
                {esc(option.label)}
              </label>
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}

export function TextArea(props: FieldProps & { value: string; rows?: number; maxlength?: number }) {
  const invalid = Boolean(errorFor(props.errors, props.name));
  return (
    <FieldShell {...props} kind="textarea">
      <textarea
        class={`utrecht-textarea utrecht-textarea--html-textarea${invalid ? ' utrecht-textarea--invalid' : ''}`}
        id={fieldId(props.name)}
        name={props.name}
        rows={String(props.rows ?? 4)}
        maxlength={props.maxlength}
        required={props.required ?? !props.optional}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      >
        {esc(props.value)}
      </textarea>
    </FieldShell>
  );
}

/** A select of several values (a long list: regions, municipalities). */
export function MultiSelect(props: FieldProps & { values: readonly string[]; options: readonly Option[]; size?: number }) {
  const invalid = Boolean(errorFor(props.errors, props.name));
  return (
    <FieldShell {...props}>
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
    </FieldShell>
  );
}

/** Checkboxes in groups (a fieldset per group inside one fieldset), with ids unique per option. */
export function GroupedCheckboxes(props: FieldProps & { values: readonly string[]; groups: readonly { label: string; options: readonly Option[] }[] }) {
  const id = fieldId(props.name);
  const error = errorFor(props.errors, props.name);
  return (
    <fieldset class={`utrecht-form-fieldset${error ? ' utrecht-form-fieldset--invalid' : ''}`} id={id} aria-describedby={describedBy(props)}>
      <legend class="utrecht-form-fieldset__legend">{esc(props.label)}</legend>
      <FieldHelp t={props.t} id={id} hint={props.hint} error={error} />
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

/** One checkbox with its label; `describedBy` points to an error or hint shown elsewhere. */
export function Checkbox(props: { name: string; id: string; value: string; label: string; checked: boolean; describedBy?: string | undefined }) {
  return (
    <div class="utrecht-form-field utrecht-form-field--checkbox">
      <div class="utrecht-form-field__input">
        <input
          class="utrecht-checkbox utrecht-checkbox--html-input"
          type="checkbox"
          id={props.id}
          name={props.name}
          value={props.value}
          checked={props.checked}
          aria-describedby={props.describedBy}
        />
      </div>
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label wc-label-normal" for={props.id}>
          {esc(props.label)}
        </label>
      </div>
    </div>
  );
}

export function SubmitButton({ label, secondary }: { label: string; secondary?: boolean }) {
  return (
    <button type="submit" class={`utrecht-button utrecht-button--${secondary ? 'secondary' : 'primary'}-action`}>
      {esc(label)}
    </button>
  );
}

/** The one primary action of a form, with a way back that loses nothing. */
export function FormActions({ t, cancelHref }: { t: Translate; cancelHref: string }) {
  return (
    <div class="wc-actions">
      <SubmitButton label={t('form.save')} />
      <a class="utrecht-link" href={cancelHref}>
        {esc(t('form.cancel'))}
      </a>
    </div>
  );
}
