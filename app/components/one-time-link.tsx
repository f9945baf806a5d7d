/** A link shown once, selectable for copying (works without JavaScript). */
export function OneTimeLink({ url }: { url: string }) {
  return (
    <div className="copy-box">
      <label htmlFor="one-time-link" className="sr-only">
        設定密碼連結
      </label>
      <input id="one-time-link" type="text" readOnly value={url} onFocus={(event) => event.currentTarget.select()} />
    </div>
  );
}
