import { Text } from '@mantine/core';

/** A value as stored, or a dimmed "(empty)" so a missing value is seen (and read aloud) as such. */
export function CellValue({ value }: { value: string | null | undefined }) {
  if (value === null || value === undefined) {
    return (
      <Text span c="dimmed" size="sm">
        (empty)
      </Text>
    );
  }
  return <>{value}</>;
}
