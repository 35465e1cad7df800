import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { ApiClientProvider } from './api/api-client-context.tsx';
import { pickClient } from './api/pick-client.ts';
import { ViewErrorBoundary } from './components/ViewErrorBoundary.tsx';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApiClientProvider client={pickClient()}>
      <ViewErrorBoundary what="Trailscope">
        <App />
      </ViewErrorBoundary>
    </ApiClientProvider>
  </StrictMode>,
);
