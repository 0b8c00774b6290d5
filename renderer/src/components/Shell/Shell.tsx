import {
  ActionIcon,
  AppShell,
  Group,
  NavLink,
  Title,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { NavigationContext, type Route } from '../../navigation/route';
import { Ask } from '../../screens/Ask/Ask';
import { Compare } from '../../screens/Compare/Compare';
import { Cutover } from '../../screens/Cutover/Cutover';
import { History } from '../../screens/History/History';
import { Home } from '../../screens/Home/Home';
import { Resync } from '../../screens/Resync/Resync';
import { Settings } from '../../screens/Settings/Settings';
import { Wizard } from '../../screens/Wizard/Wizard';

export function Shell() {
  const [route, setRoute] = useState<Route>({ screen: 'home' });
  const navigation = useMemo(() => ({ route, go: setRoute }), [route]);
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  return (
    <NavigationContext.Provider value={navigation}>
      <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm' }} padding="lg">
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between">
            <Title order={2} size="h3">
              Ferry
            </Title>
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={scheme === 'dark' ? 'Use the light theme' : 'Use the dark theme'}
              onClick={() => setColorScheme(scheme === 'dark' ? 'light' : 'dark')}
            >
              <span aria-hidden="true">{scheme === 'dark' ? '☀' : '☾'}</span>
            </ActionIcon>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="sm" aria-label="Main">
          <NavLink
            label="Home"
            active={route.screen === 'home'}
            onClick={() => setRoute({ screen: 'home' })}
            component="button"
          />
          <NavLink
            label="Start a migration"
            active={route.screen === 'wizard' && !route.workspaceId}
            onClick={() => setRoute({ screen: 'wizard' })}
            component="button"
          />
          <NavLink
            label="Compare databases"
            active={route.screen === 'compare'}
            onClick={() => setRoute({ screen: 'compare' })}
            component="button"
          />
          <NavLink
            label="Settings"
            active={route.screen === 'settings'}
            onClick={() => setRoute({ screen: 'settings' })}
            component="button"
          />
        </AppShell.Navbar>
        <AppShell.Main>
          {route.screen === 'home' && <Home />}
          {route.screen === 'settings' && <Settings />}
          {route.screen === 'compare' && <Compare />}
          {route.screen === 'wizard' && <Wizard key={route.workspaceId ?? 'new'} workspaceId={route.workspaceId} />}
          {route.screen === 'resync' && <Resync key={route.workspaceId} workspaceId={route.workspaceId} />}
          {route.screen === 'cutover' && <Cutover key={route.workspaceId} workspaceId={route.workspaceId} />}
          {route.screen === 'ask' && <Ask key={route.workspaceId} workspaceId={route.workspaceId} />}
          {route.screen === 'history' && (
            <History key={route.workspaceId} workspaceId={route.workspaceId} runId={route.runId} />
          )}
        </AppShell.Main>
      </AppShell>
    </NavigationContext.Provider>
  );
}
