import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/charts/styles.css';
import '@mantine/dropzone/styles.css';
import './theme.css';
import { createRoot } from 'react-dom/client';
import { pickCarrier } from './api/carrier';
import { ClientContext, createClient } from './api/client';
import { App } from './App';

const client = createClient(pickCarrier());

createRoot(document.getElementById('root')!).render(
  <ClientContext.Provider value={client}>
    <App />
  </ClientContext.Provider>,
);
