import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Navigate } from 'react-router';
import { api } from '../api/client';

export const SETUP_STATUS_KEY = ['setup', 'status'] as const;

/** Whether the server holds no county yet (GET /api/setup/status, public). */
export function useSetupStatus() {
  return useQuery({
    queryKey: SETUP_STATUS_KEY,
    queryFn: () => api.get('/setup/status'),
    staleTime: 60_000,
  });
}

/** In front of the sign-in page: a server without any county shows the first-run page instead (issue 15). */
export function FirstRunGate({ children }: { children: ReactNode }) {
  const status = useSetupStatus();
  if (status.data?.needsSetup) return <Navigate to="/setup" replace />;
  return <>{children}</>;
}
