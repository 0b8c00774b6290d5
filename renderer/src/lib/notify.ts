import { notifications } from '@mantine/notifications';

/** A short message in the corner; readable contrast and a named close button for screen readers. */
export function notify(kind: 'done' | 'failed', title: string, message: string): void {
  notifications.show({
    color: kind === 'done' ? 'ferry' : 'red',
    title,
    message,
    closeButtonProps: { 'aria-label': 'Close this message' },
    styles: { description: { color: 'var(--mantine-color-text)' } },
  });
}
