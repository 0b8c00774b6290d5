import { Button, Group, Progress as Bar, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Progress } from '../../../../core/api/define';
import { estimateTimeLeft, formatCount } from '../../lib/format';

interface Props {
  title: string;
  progress: Progress | null;
  startedAt: number | null;
  onCancel?: () => void;
  cancelLabel?: string;
}

/** A long operation in progress: what it is doing, how far, how long left, and a way to stop it. */
export function ProgressPanel({ title, progress, startedAt, onCancel, cancelLabel = 'Cancel' }: Props) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const known = progress?.total !== undefined && progress.total > 0 && progress.done !== undefined;
  const percent = known ? Math.min(100, (progress.done! / progress.total!) * 100) : 100;
  const left = known && startedAt ? estimateTimeLeft(progress.done!, progress.total!, now - startedAt) : null;
  return (
    <Stack gap="xs" data-testid="progress-panel" aria-live="polite">
      <Text fw={600}>{title}</Text>
      <Bar
        value={percent}
        animated={!known}
        striped={!known}
        size="lg"
        aria-label={title}
        aria-valuetext={known ? `${Math.round(percent)} percent` : 'working'}
      />
      <Group justify="space-between">
        <Text size="sm" c="dimmed" data-testid="progress-message">
          {progress?.message ?? 'Starting…'}
          {known && ` — ${formatCount(progress.done)} of ${formatCount(progress.total)} ${progress.unit ?? ''}`}
        </Text>
        {left && (
          <Text size="sm" c="dimmed">
            {left}
          </Text>
        )}
      </Group>
      {onCancel && (
        <Group>
          <Button variant="default" color="red" onClick={onCancel}>
            {cancelLabel}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
