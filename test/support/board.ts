// Opening and moving contracts over HTTP, as the web client does.
import { expect } from 'vitest';
import { bearer, jsonRequest } from './accounts';
import type { TestDatabase } from './database';
import { readJson } from './http';
import { addCar, addCustomer } from './inventory';
import type { TestWorker } from './worker';

export async function openContract(api: TestWorker, db: TestDatabase, who: { company: { id: number }; token: string }, meetings: unknown[] = []) {
  const car = await addCar(db, who.company.id);
  const customer = await addCustomer(db, who.company.id);
  const res = await api.fetch('/contracts', jsonRequest('POST', { carId: car.id, customerId: customer.id, meetings }, who.token));
  expect(res.status).toBe(201);
  return { contract: await readJson(res), car, customer };
}

export async function patchContract(api: TestWorker, token: string, id: number, body: unknown, headers: Record<string, string> = {}) {
  const init = jsonRequest('PATCH', body, token);
  return api.fetch(`/contracts/${id}`, { ...init, headers: { ...(init.headers as Record<string, string>), ...headers } });
}

export async function getBoard(api: TestWorker, token: string, query = 'searchBy=customerName&keyword=') {
  const res = await api.fetch(`/contracts?${query}`, { headers: bearer(token) });
  expect(res.status).toBe(200);
  return readJson(res);
}
