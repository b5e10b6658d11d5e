import { api } from './client';
import type {
  Group,
  ListResponse,
  Overview,
  Session,
  Unit,
  UnitCreate,
  UnitPatch,
  UnitQuery,
  User,
  UserCreate,
  UserPatch,
  UserQuery,
} from './types';

export const authApi = {
  login: (username: string, password: string) => api.post<Session>('/auth/login', { username, password }),
  logout: () => api.post<void>('/auth/logout'),
  me: () => api.get<Session>('/auth/me'),
};

export const overviewApi = {
  get: () => api.get<Overview>('/overview'),
};

export const groupsApi = {
  list: () => api.get<ListResponse<Group>>('/groups'),
};

export const unitsApi = {
  list: (q: UnitQuery) => api.get<ListResponse<Unit>>('/units', { ...q }),
  get: (id: string) => api.get<Unit>(`/units/${encodeURIComponent(id)}`),
  create: (body: UnitCreate) => api.post<Unit>('/units', body),
  update: (id: string, body: UnitPatch) => api.patch<Unit>(`/units/${encodeURIComponent(id)}`, body),
};

export const usersApi = {
  list: (q: UserQuery) => api.get<ListResponse<User>>('/users', { ...q }),
  create: (body: UserCreate) => api.post<User>('/users', body),
  update: (id: string, body: UserPatch) => api.patch<User>(`/users/${encodeURIComponent(id)}`, body),
  resetPassword: (id: string, password: string) =>
    api.post<void>(`/users/${encodeURIComponent(id)}/reset-password`, { password }),
};
