// The live contract board for staff: columns from GET /pipeline, cards from GET /contracts, drag to move
// (PATCH with If-Match; a 412 shows the fresh card), live events and presence from the company's room.
import PartySocket from 'partysocket';

type Stage = { key: string; label: string; outcome: 'open' | 'won' | 'lost' };
type Contract = {
  id: number; status: string; version: number; contractPrice: number; resolutionDate: string | null;
  car: { model: string; carNumber: string }; customer: { name: string }; user: { id: number; name: string } | null;
};
type User = { id: number; name: string };

const params = new URLSearchParams(location.search);
const API = params.get('api') ?? `${location.protocol}//${location.hostname}:8787`;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

let accessToken = '';
let refreshToken = '';
let companyId = 0;
let lastSeq: number | undefined;
let stages: Stage[] = [];
const cards = new Map<number, Contract>();
const hints = new Map<number, string>();
let socket: PartySocket | undefined;

function toast(text: string) {
  const el = $('toast');
  el.textContent = text;
  el.style.display = 'block';
  setTimeout(() => (el.style.display = 'none'), 3000);
}

function tokenExpiresSoon(): boolean {
  try {
    const { exp } = JSON.parse(atob(accessToken.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    return exp * 1000 - Date.now() < 60_000;
  } catch {
    return true;
  }
}

async function freshToken(): Promise<string> {
  if (!tokenExpiresSoon()) return accessToken;
  const res = await fetch(`${API}/auth/refresh`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken }) });
  if (!res.ok) throw new Error('다시 로그인하세요');
  ({ accessToken, refreshToken } = await res.json());
  return accessToken;
}

async function api<T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const token = await freshToken();
  const res = await fetch(`${API}${path}`, { ...init, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
  return { status: res.status, body: res.status === 204 ? (undefined as T) : await res.json() };
}

function cardElement(contract: Contract): HTMLElement {
  const el = document.createElement('div');
  el.className = 'card';
  el.draggable = true;
  el.dataset.id = String(contract.id);
  el.dataset.testid = `card-${contract.id}`;
  const hint = hints.get(contract.id);
  el.innerHTML = `<div class="customer"></div><div class="car"></div><div class="price"></div><div class="owner"></div>${hint ? '<div class="hint"></div>' : ''}`;
  el.querySelector('.customer')!.textContent = `${contract.customer.name} 고객님`;
  el.querySelector('.car')!.textContent = `${contract.car.model} (${contract.car.carNumber})`;
  el.querySelector('.price')!.textContent = `${contract.contractPrice.toLocaleString('ko-KR')}원`;
  el.querySelector('.owner')!.textContent = contract.user ? `담당 ${contract.user.name}` : '담당자 없음';
  if (hint) el.querySelector('.hint')!.textContent = hint;
  el.addEventListener('dragstart', (event) => {
    event.dataTransfer!.setData('text/plain', String(contract.id));
    socket?.send(JSON.stringify({ type: 'dragging', contractId: contract.id }));
  });
  return el;
}

function render() {
  const board = $('board');
  board.replaceChildren(
    ...stages.map((stage) => {
      const column = document.createElement('section');
      column.className = `column ${stage.outcome}`;
      column.dataset.stage = stage.key;
      const inStage = [...cards.values()].filter((c) => c.status === stage.key).sort((a, b) => b.id - a.id);
      column.innerHTML = `<h2><span></span><span class="count"></span></h2><div class="cards"></div>`;
      column.querySelector('h2 span')!.textContent = stage.label;
      column.querySelector('.count')!.textContent = String(inStage.length);
      column.querySelector('.cards')!.append(...inStage.map(cardElement));
      column.addEventListener('dragover', (event) => {
        event.preventDefault();
        column.classList.add('over');
      });
      column.addEventListener('dragleave', () => column.classList.remove('over'));
      column.addEventListener('drop', (event) => {
        event.preventDefault();
        column.classList.remove('over');
        void move(Number(event.dataTransfer!.getData('text/plain')), stage);
      });
      return column;
    }),
  );
}

function flash(id: number) {
  document.querySelector(`[data-id="${id}"]`)?.classList.add('flash');
}

async function move(id: number, stage: Stage) {
  const contract = cards.get(id);
  if (!contract || contract.status === stage.key) return;
  const body: Record<string, unknown> = { status: stage.key };
  if (stage.outcome !== 'open') body.resolutionDate = new Date().toISOString();
  const res = await api<Contract & { message?: string }>(`/contracts/${id}`, { method: 'PATCH', headers: { 'If-Match': `"v${contract.version}"` }, body: JSON.stringify(body) });
  if (res.status === 200) {
    cards.set(id, res.body);
  } else if (res.status === 412) {
    const fresh = await api<Contract>(`/contracts/${id}`);
    if (fresh.status === 200) cards.set(id, fresh.body);
    toast('다른 사람이 먼저 이 계약을 옮겼습니다. 최신 카드로 바꿨습니다.');
  } else {
    toast(res.body?.message ?? '이동하지 못했습니다');
  }
  render();
  flash(id);
}

async function loadBoard() {
  const [pipeline, board] = await Promise.all([api<{ stages: Stage[] }>('/pipeline'), api<Record<string, { data: Contract[] }>>('/contracts')]);
  stages = pipeline.body.stages;
  cards.clear();
  for (const column of Object.values(board.body)) for (const contract of column.data) cards.set(contract.id, contract);
  render();
}

function showPresence(users: User[]) {
  $('presence').replaceChildren(
    ...users.map((user) => {
      const el = document.createElement('div');
      el.className = 'avatar';
      el.title = user.name;
      el.dataset.userId = String(user.id);
      el.textContent = user.name.slice(0, 1);
      return el;
    }),
  );
}

function connectLive() {
  socket = new PartySocket({
    host: location.host,
    party: 'main',
    room: String(companyId),
    // A fresh token for every (re)connect; `since` asks for what we missed while away.
    query: async () => ({ token: await freshToken(), ...(lastSeq === undefined ? {} : { since: String(lastSeq) }) }),
  });
  socket.addEventListener('open', () => ($('status').textContent = '실시간 연결됨'));
  socket.addEventListener('close', () => ($('status').textContent = '다시 연결 중…'));
  socket.addEventListener('message', (message) => {
    const data = JSON.parse(String(message.data));
    if (data.type === 'ready') lastSeq ??= data.seq;
    if (data.type === 'presence') showPresence(data.users);
    if (data.type === 'resync') {
      lastSeq = data.seq;
      void loadBoard();
    }
    if (data.type === 'hint') {
      hints.set(data.contractId, `${data.user.name}님이 옮기는 중…`);
      render();
      setTimeout(() => {
        hints.delete(data.contractId);
        render();
      }, 2000);
    }
    if (data.type !== 'event') return;
    lastSeq = data.seq;
    const event = data.event;
    if (event.type === 'pipeline.changed') return void loadBoard();
    if (event.type === 'contract.deleted') cards.delete(event.contractId);
    else if (event.contract) cards.set(event.contract.id, event.contract);
    render();
    if (event.contractId) flash(event.contractId);
  });
}

$('signin').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('error').textContent = '';
  const res = await fetch(`${API}/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: $<HTMLInputElement>('email').value, password: $<HTMLInputElement>('password').value }),
  });
  const body = await res.json();
  if (!res.ok) return void ($('error').textContent = body.message ?? '로그인하지 못했습니다');
  ({ accessToken, refreshToken } = body);
  companyId = body.user.company.id;
  $('signin').hidden = true;
  $('board').hidden = false;
  await loadBoard();
  connectLive();
});
