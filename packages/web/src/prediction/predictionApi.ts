import { api } from '../api/client.js';

/** An API answer other than success, with the problem's own words when it sent them. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function problemOf(status: number, body: unknown, what: string): ApiProblem {
  const detail =
    typeof body === 'object' && body !== null && 'detail' in body && typeof body.detail === 'string'
      ? body.detail
      : null;
  if (status === 404) return new ApiProblem(status, `${what} was not found.`);
  if (status === 401) return new ApiProblem(status, 'Your session has ended: sign in again.');
  return new ApiProblem(status, detail ?? `${what} could not be loaded (HTTP ${status}).`);
}

export async function fetchPatient(id: string) {
  const { data, error, response } = await api.GET('/api/patients/{id}', {
    params: { path: { id } },
  });
  if (!data) throw problemOf(response.status, error, 'The patient');
  return data;
}

export async function fetchPlan(patientId: string, planId: string) {
  const { data, error, response } = await api.GET('/api/patients/{id}/plans/{planId}', {
    params: { path: { id: patientId, planId } },
  });
  if (!data) throw problemOf(response.status, error, 'The plan');
  return data;
}
