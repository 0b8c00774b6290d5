import { MantineProvider, createTheme, localStorageColorSchemeManager } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { Shell } from './components/Shell/Shell';

const theme = createTheme({ primaryColor: 'teal', defaultRadius: 'md' });
const colorSchemeManager = localStorageColorSchemeManager({ key: 'ferry-color-scheme' });

export function App() {
  return (
    <MantineProvider theme={theme} colorSchemeManager={colorSchemeManager} defaultColorScheme="auto">
      <Notifications />
      <Shell />
    </MantineProvider>
  );
}
