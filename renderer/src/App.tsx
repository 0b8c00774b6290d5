import { MantineProvider, createTheme, localStorageColorSchemeManager, type MantineColorsTuple } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { Shell } from './components/Shell/Shell';

/** A deep teal whose working shades keep white text and light backgrounds above 4.5:1 contrast. */
const ferry: MantineColorsTuple = [
  '#e6f7f4',
  '#ccede7',
  '#99dbcf',
  '#5fc4b2',
  '#2fae98',
  '#14937e',
  '#0b7a68',
  '#08695a',
  '#065a4d',
  '#044a3f',
];

const theme = createTheme({
  colors: { ferry },
  primaryColor: 'ferry',
  primaryShade: { light: 6, dark: 7 },
  defaultRadius: 'md',
});
const colorSchemeManager = localStorageColorSchemeManager({ key: 'ferry-color-scheme' });

export function App() {
  return (
    <MantineProvider theme={theme} colorSchemeManager={colorSchemeManager} defaultColorScheme="auto">
      <Notifications />
      <Shell />
    </MantineProvider>
  );
}
