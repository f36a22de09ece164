// The board is the product's hottest read: these pin the database round trips of every board route.
import { describe, expect, it } from 'vitest';
import { useCountedApi } from '../support/api';
import { bearer, createCompany, createUser, jsonRequest, signIn } from '../support/accounts';
import { readJson } from '../support/http';
import { addCar, addCustomer } from '../support/inventory';
import { fillBoard } from '../../scripts/bench/board-fixture';

const ctx = useCountedApi();

describe('database round trips per request', () => {
  it('serves a board of 1,000 contracts in one round trip', async () => {
    const company = await createCompany(ctx.db);
    const user = await createUser(ctx.db, company.id);
    await fillBoard((text, params) => ctx.db.query(text, params), company.id, user.id);
    const { accessToken } = await signIn(ctx.counted.worker, user.email);
    let board: Record<string, { totalItemCount: number }> = {};
    expect(await ctx.counted.roundTrips(async () => {
      board = await readJson(await ctx.counted.worker.fetch('/contracts?searchBy=customerName&keyword=', { headers: bearer(accessToken) }));
    })).toBe(1);
    expect(Object.values(board).reduce((sum, column) => sum + column.totalItemCount, 0)).toBe(1000);
  });

  it('opens, reads, moves, edits and deletes a contract in one round trip each; the dashboard and pipeline too', async () => {
    const api = ctx.counted.worker;
    const company = await createCompany(ctx.db);
    const user = await createUser(ctx.db, company.id);
    const { accessToken: token } = await signIn(api, user.email);
    const car = await addCar(ctx.db, company.id);
    const customer = await addCustomer(ctx.db, company.id);
    const rt = ctx.counted.roundTrips;

    let id = 0;
    expect(await rt(async () => {
      id = (await readJson(await api.fetch('/contracts', jsonRequest('POST', { carId: car.id, customerId: customer.id, meetings: [] }, token)))).id;
    })).toBe(1);
    expect(await rt(() => api.fetch(`/contracts/${id}`, { headers: bearer(token) }))).toBe(1);
    expect(await rt(() => api.fetch(`/contracts/${id}`, jsonRequest('PATCH', { status: 'contractSuccessful', resolutionDate: '2026-11-21T10:00:00' }, token)))).toBe(1);
    expect(await rt(() => api.fetch(`/contracts/${id}`, jsonRequest('PATCH', { meetings: [{ date: '2026-12-01T10:00:00', alarms: [] }], contractPrice: 1 }, token)))).toBe(1);
    expect(await rt(() => api.fetch(`/contracts/${id}/history`, { headers: bearer(token) }))).toBe(1);
    expect(await rt(() => api.fetch('/dashboard', { headers: bearer(token) }))).toBe(1);
    expect(await rt(() => api.fetch('/pipeline', { headers: bearer(token) }))).toBe(1);
    expect(await rt(() => api.fetch('/contracts/cars', { headers: bearer(token) }))).toBe(1);
    expect(await rt(() => api.fetch(`/contracts/${id}`, { method: 'DELETE', headers: bearer(token) }))).toBe(1);
  });
});
