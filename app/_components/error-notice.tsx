export function ErrorNotice({ title, message, requestId }: { title: string; message: string; requestId?: string }) {
  return (
    <div className="alert alert-error" role="alert">
      <strong>{title}</strong>
      {message}
      {requestId && <div className="small">Reference: {requestId}</div>}
    </div>
  );
}
