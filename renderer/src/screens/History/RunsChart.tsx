import { BarChart } from '@mantine/charts';
import { Card, Text, Title } from '@mantine/core';
import type { RunSummary } from '../../../../core/history/types';

/** Rows changed per run, oldest on the left, so a run that changed far more than usual stands out. */
export function RunsChart({ runs }: { runs: RunSummary[] }) {
  const data = [...runs]
    .filter((r) => r.status === 'completed')
    .reverse()
    .map((r) => ({
      run: new Date(r.endedAt ?? r.startedAt).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }),
      New: r.totals.insert,
      Changed: r.totals.update,
      Retired: r.totals.retire,
    }));
  return (
    <Card withBorder component="figure" m={0} aria-labelledby="runs-chart-title" data-testid="runs-chart">
      <Title order={2} size="h4" id="runs-chart-title" mb="xs">
        Rows changed per run
      </Title>
      {data.length === 0 ? (
        <Text c="dimmed">No completed runs yet.</Text>
      ) : (
        <BarChart
          h={220}
          data={data}
          dataKey="run"
          type="stacked"
          withLegend
          series={[
            { name: 'New', color: 'ferry.6' },
            { name: 'Changed', color: 'blue.7' },
            { name: 'Retired', color: 'gray.6' },
          ]}
        />
      )}
    </Card>
  );
}
