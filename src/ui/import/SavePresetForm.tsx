/** The "Save this mapping as" form of the import pages; the caller keeps the name and the message. */
export interface PresetMessage {
  ok: boolean;
  text: string;
}

export function SavePresetForm(props: {
  inputId: string;
  placeholder: string;
  name: string;
  onName: (name: string) => void;
  message: PresetMessage | null;
  onSubmit: () => void;
}) {
  const { inputId, name, message } = props;
  return (
    <form
      className="save-preset"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      <label htmlFor={inputId}>Save this mapping as</label>
      <input id={inputId} type="text" value={name} placeholder={props.placeholder} onChange={(e) => props.onName(e.target.value)} />
      <button type="submit" disabled={name.trim() === ''}>
        Save mapping
      </button>
      {message && (
        <span className={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </span>
      )}
    </form>
  );
}
