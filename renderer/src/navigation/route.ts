import { createContext, useContext } from 'react';

/** Where the owner is in the app. Kept in the shell's state, never in a module variable. */
export type Route =
  | { screen: 'home' }
  | { screen: 'wizard'; workspaceId?: string }
  | { screen: 'resync'; workspaceId: string }
  | { screen: 'history'; workspaceId: string; runId?: string }
  | { screen: 'cutover'; workspaceId: string }
  | { screen: 'ask'; workspaceId: string }
  | { screen: 'compare' }
  | { screen: 'settings' };

export interface Navigation {
  route: Route;
  go(route: Route): void;
}

export const NavigationContext = createContext<Navigation | null>(null);

export function useNavigation(): Navigation {
  const nav = useContext(NavigationContext);
  if (!nav) throw new Error('useNavigation outside NavigationContext');
  return nav;
}
