import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { startSessionCheck } from './auth/sessionCheck';
import { preloadPlanner } from './planner/routes';
import { cssVariablesResolver, theme } from './theme';
import { preloadTimeline } from './timeline/routes';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
});

// Asked before React's first render, not after it: who is signed in, and on a planner's address
// what the planner needs (planner/routes.tsx), on the timeline's what the timeline needs.
startSessionCheck();
preloadPlanner(window.location.pathname, queryClient);
preloadTimeline(window.location.pathname, queryClient);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
