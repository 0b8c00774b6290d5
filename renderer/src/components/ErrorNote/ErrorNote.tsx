import { Alert } from '@mantine/core';

/** A failed step in plain words; the message already says what to do next. */
export function ErrorNote({ title = 'That did not work', message }: { title?: string; message: string | null }) {
  if (!message) return null;
  return (
    <Alert color="red" title={title} role="alert" data-testid="error-note">
      {message}
    </Alert>
  );
}
