import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";

/** One labelled control with its hint and errors wired for screen readers. */
type FieldProps = {
  label: string;
  hint?: string;
  meta: FieldMetadata<any, any, any>;
};

function describedBy(meta: FieldMetadata<any, any, any>, hint?: string) {
  return [hint ? `${meta.id}-hint` : null, meta.errors?.length ? meta.errorId : null].filter(Boolean).join(" ") || undefined;
}

function FieldFrame({ label, hint, meta, children }: FieldProps & { children: React.ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <span className="hint" id={`${meta.id}-hint`}>
          {hint}
        </span>
      ) : null}
      {children}
      <FieldErrors meta={meta} />
    </div>
  );
}

export function FieldErrors({ meta }: { meta: FieldMetadata<any, any, any> }) {
  if (!meta.errors?.length) return null;
  return (
    <p className="field-error" id={meta.errorId} role="alert">
      {meta.errors.join("；")}
    </p>
  );
}

export function TextField({
  type = "text",
  autoComplete,
  ...props
}: FieldProps & { type?: "text" | "password" | "email" | "number" | "url" | "date" | "datetime-local"; autoComplete?: string }) {
  return (
    <FieldFrame {...props}>
      <input
        {...getInputProps(props.meta, { type, ariaAttributes: true })}
        key={props.meta.key}
        autoComplete={autoComplete}
        aria-describedby={describedBy(props.meta, props.hint)}
      />
    </FieldFrame>
  );
}

export function TextareaField(props: FieldProps & { rows?: number }) {
  return (
    <FieldFrame {...props}>
      <textarea
        {...getTextareaProps(props.meta, { ariaAttributes: true })}
        key={props.meta.key}
        rows={props.rows}
        aria-describedby={describedBy(props.meta, props.hint)}
      />
    </FieldFrame>
  );
}

export function SelectField(props: FieldProps & { options: { value: string; label: string }[] }) {
  return (
    <FieldFrame {...props}>
      <select
        {...getSelectProps(props.meta, { ariaAttributes: true })}
        key={props.meta.key}
        aria-describedby={describedBy(props.meta, props.hint)}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function FormErrors({ errors, id }: { errors?: string[]; id?: string }) {
  if (!errors?.length) return null;
  return (
    <div className="form-error" id={id} role="alert">
      {errors.map((error) => (
        <p key={error}>{error}</p>
      ))}
    </div>
  );
}
