import {
  ActionIcon,
  AppShell,
  Group,
  NavLink,
  Title,
  useMantineColorScheme,
  useComputedColorScheme,
} from '@mantine/core';
import { useState } from 'react';
import { Home } from '../../screens/Home/Home';

type Screen = 'home';

export function Shell() {
  const [screen, setScreen] = useState<Screen>('home');
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm' }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Title order={3}>Ferry</Title>
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={scheme === 'dark' ? 'Use the light theme' : 'Use the dark theme'}
            onClick={() => setColorScheme(scheme === 'dark' ? 'light' : 'dark')}
          >
            {scheme === 'dark' ? '☀' : '☾'}
          </ActionIcon>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main">
        <NavLink label="Home" active={screen === 'home'} onClick={() => setScreen('home')} component="button" />
      </AppShell.Navbar>
      <AppShell.Main>{screen === 'home' && <Home />}</AppShell.Main>
    </AppShell>
  );
}
