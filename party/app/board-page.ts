// The live contract board for staff: columns from GET /pipeline, cards from GET /contracts, then the company's room
// from the number that read reflected (X-Board-Seq), so no change falls between. Moves are optimistic: the card
// moves on drop (or with the arrow keys) and goes back, with the reason, if the API refuses. Each event updates one
// card or one column, never the whole board, and a column shows at most PAGE cards until asked for more.
import PartySocket from 'partysocket';

type Stage = { key: string; label: string; outcome: 'open' | 'won' | 'lost' };
type Contract = {
  id: number; status: string; version: number; contractPrice: number; resolutionDate: string | null;
  car: { model: string; carNumber: string }; customer: { name: string }; user: { id: number; name: string } | null;
};
type User = { id: number; name: string };
type Session = { accessToken: string; refreshToken: string; user: User; companyId: number };
type BoardEvent = { type: string; contractId?: number; contractIds?: number[]; all?: boolean; version?: number; contract?: Contract; from?: string; actor?: User | null };

// Fixed when the page is built (`partykit dev|deploy --define CARMATE_API_URL=…`), else this page's own origin:
// never taken from the address bar, so a crafted link cannot send someone's password elsewhere.
declare const CARMATE_API_URL: string;
const API = typeof CARMATE_API_URL === 'string' ? CARMATE_API_URL : location.origin;
const PAGE = 50;
const PING_EVERY_MS = 10_000;
/** No word from the room for this long: the socket is dead even if TCP says otherwise. */
const SILENCE_LIMIT_MS = 30_000;
const SESSION_KEY = 'carmate.board.session';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

let session: Session | null = null;
let lastSeq: number | undefined;
let stages: Stage[] = [];
const cards = new Map<number, Contract>();
/** Contracts deleted, with the version that deleted them: an older event never brings one back. */
const gone = new Map<number, number>();
const hints = new Map<number, { text: string; timer: ReturnType<typeof setTimeout> }>();
const columns = new Map<string, { section: HTMLElement; list: HTMLElement; count: HTMLElement; more: HTMLButtonElement; limit: number }>();
/**
 * Won and lost columns only grow: the board is read with `closedLimit`, and the rest of such a column comes a page at
 * a time from GET /board/stages/{stage}. Per closed stage: how many of its cards are not loaded yet, and where
 * the next page starts (undefined: from the top, skipping the cards already here).
 */
const unloaded = new Map<string, { count: number; cursor?: string | null }>();
const dirtyColumns = new Set<string>();
const dirtyCards = new Set<number>();
let socket: PartySocket | undefined;
let heardAt = Date.now();
let pinger: ReturnType<typeof setInterval> | undefined;
let catchingUp: Promise<void> | null = null;
/** Events that arrive while the board is being (re)loaded: replayed over the snapshot, after its number. */
let loading: { seq: number; event: BoardEvent }[] | null = null;

// ---- session -------------------------------------------------------------------------------------------------

function saveSession() {
  if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(SESSION_KEY);
}

function tokenExpiresSoon(): boolean {
  try {
    const { exp } = JSON.parse(atob(session!.accessToken.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    return exp * 1000 - Date.now() < 60_000;
  } catch {
    return true;
  }
}

async function freshToken(): Promise<string> {
  if (!session) throw new Error('signed out');
  if (!tokenExpiresSoon()) return session.accessToken;
  const res = await fetch(`${API}/auth/refresh`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken: session.refreshToken }) });
  if (!res.ok) {
    signedOut('세션이 끝났습니다. 다시 로그인하세요.');
    throw new Error('signed out');
  }
  const pair = (await res.json()) as { accessToken: string; refreshToken: string };
  session = { ...session, ...pair };
  saveSession();
  return session.accessToken;
}

async function api<T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T; headers: Headers }> {
  const token = await freshToken();
  const res = await fetch(`${API}${path}`, { ...init, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
  if (res.status === 401) signedOut('세션이 끝났습니다. 다시 로그인하세요.');
  return { status: res.status, body: res.status === 204 ? (undefined as T) : await res.json(), headers: res.headers };
}

function signedOut(message = '') {
  session = null;
  saveSession();
  socket?.close();
  socket = undefined;
  clearInterval(pinger);
  lastSeq = undefined;
  cards.clear();
  $('board').hidden = true;
  $('toolbar').hidden = true;
  $('signin').hidden = false;
  $('presence').replaceChildren();
  $('status').textContent = '오프라인';
  $('error').textContent = message;
}

// ---- rendering: one card, one column -----------------------------------------------------------------------------

function toast(text: string) {
  const el = $('toast');
  el.textContent = text;
  el.hidden = false;
  setTimeout(() => (el.hidden = true), 4000);
}

function announce(text: string) {
  $('announcer').textContent = text;
}

const stageOf = (key: string) => stages.find((s) => s.key === key);
const stageLabel = (key: string) => stageOf(key)?.label ?? key;

function matches(contract: Contract): boolean {
  if ($<HTMLInputElement>('mine').checked && contract.user?.id !== session?.user.id) return false;
  const q = $<HTMLInputElement>('search').value.trim().toLowerCase();
  if (!q) return true;
  return [contract.customer.name, contract.car.model, contract.car.carNumber, contract.user?.name ?? ''].some((text) => text.toLowerCase().includes(q));
}

function fillCard(el: HTMLElement, contract: Contract) {
  el.dataset.version = String(contract.version);
  el.setAttribute('aria-label', `${contract.customer.name} 고객님, ${contract.car.model} ${contract.car.carNumber}, ${contract.contractPrice.toLocaleString('ko-KR')}원, ${stageLabel(contract.status)}`);
  (el.querySelector('.customer') as HTMLElement).textContent = `${contract.customer.name} 고객님`;
  (el.querySelector('.car') as HTMLElement).textContent = `${contract.car.model} (${contract.car.carNumber})`;
  (el.querySelector('.price') as HTMLElement).textContent = `${contract.contractPrice.toLocaleString('ko-KR')}원`;
  (el.querySelector('.owner') as HTMLElement).textContent = contract.user ? `담당 ${contract.user.name}` : '담당자 없음';
  (el.querySelector('.hint') as HTMLElement).textContent = hints.get(contract.id)?.text ?? '';
}

function cardElement(contract: Contract): HTMLElement {
  const el = document.createElement('div');
  el.className = 'card';
  el.draggable = true;
  el.tabIndex = 0;
  el.setAttribute('role', 'listitem');
  el.dataset.id = String(contract.id);
  el.dataset.testid = `card-${contract.id}`;
  el.innerHTML = '<div class="customer"></div><div class="car"></div><div class="price"></div><div class="owner"></div><div class="hint" aria-live="off"></div>';
  fillCard(el, contract);
  return el;
}

function cardsIn(stageKey: string): Contract[] {
  const list: Contract[] = [];
  for (const contract of cards.values()) if (contract.status === stageKey && matches(contract)) list.push(contract);
  return list.sort((a, b) => b.id - a.id);
}

/** A column: its first `limit` matching cards, reusing the elements already there. */
function renderColumn(stageKey: string) {
  const column = columns.get(stageKey);
  if (!column) return;
  const all = cardsIn(stageKey);
  const shown = all.slice(0, column.limit);
  const existing = new Map<number, HTMLElement>();
  for (const el of column.list.children as HTMLCollectionOf<HTMLElement>) existing.set(Number(el.dataset.id), el);
  const focused = document.activeElement as HTMLElement | null;
  const nodes = shown.map((contract) => {
    const el = existing.get(contract.id);
    if (!el) return cardElement(contract);
    if (el.dataset.version !== String(contract.version) || dirtyCards.has(contract.id)) fillCard(el, contract);
    return el;
  });
  // Keyed, in place: only the cards that arrive, leave or change place are touched (one insert for a moved card).
  const keep = new Set(nodes);
  for (const el of [...column.list.children]) if (!keep.has(el as HTMLElement)) el.remove();
  let at = column.list.firstElementChild;
  for (const node of nodes) {
    if (node === at) {
      at = at.nextElementSibling;
      continue;
    }
    column.list.insertBefore(node, at);
  }
  while (at) {
    const next = at.nextElementSibling;
    at.remove();
    at = next;
  }
  if (focused && nodes.includes(focused) && document.activeElement !== focused) focused.focus();
  const notLoaded = unloaded.get(stageKey)?.count ?? 0;
  column.count.textContent = String(all.length + notLoaded);
  column.more.hidden = all.length <= shown.length && notLoaded === 0;
  column.more.textContent = `더 보기 (${all.length - shown.length + notLoaded})`;
}

/** Changes are drawn once per frame: only the columns and cards that changed. */
let frame = 0;
function schedule() {
  if (!frame) frame = requestAnimationFrame(flush);
}
function flush() {
  frame = 0;
  for (const key of dirtyColumns) renderColumn(key);
  for (const id of dirtyCards) {
    const contract = cards.get(id);
    const el = document.querySelector<HTMLElement>(`.card[data-id="${id}"]`);
    if (contract && el && !dirtyColumns.has(contract.status)) fillCard(el, contract);
  }
  dirtyColumns.clear();
  dirtyCards.clear();
}

function flash(id: number) {
  const el = document.querySelector(`.card[data-id="${id}"]`);
  if (!el) return;
  el.classList.remove('flash');
  void (el as HTMLElement).offsetWidth;
  el.classList.add('flash');
}

function buildColumns() {
  columns.clear();
  $('board').replaceChildren(
    ...stages.map((stage) => {
      const section = document.createElement('section');
      section.className = `column ${stage.outcome}`;
      section.dataset.stage = stage.key;
      section.setAttribute('aria-labelledby', `stage-${stage.key}`);
      section.innerHTML = `<h2><span id="stage-${stage.key}"></span><span class="count" aria-label="계약 수"></span></h2><div class="cards" role="list"></div><button type="button" class="more" hidden></button>`;
      (section.querySelector('h2 span') as HTMLElement).textContent = stage.label;
      const list = section.querySelector('.cards') as HTMLElement;
      list.setAttribute('aria-label', stage.label);
      const more = section.querySelector('.more') as HTMLButtonElement;
      const column = { section, list, count: section.querySelector('.count') as HTMLElement, more, limit: PAGE };
      more.addEventListener('click', async () => {
        column.limit += PAGE;
        if (cardsIn(stage.key).length < column.limit) await loadMore(stage.key);
        renderColumn(stage.key);
      });
      section.addEventListener('dragover', (event) => {
        event.preventDefault();
        section.classList.add('over');
      });
      section.addEventListener('dragleave', () => section.classList.remove('over'));
      section.addEventListener('drop', (event) => {
        event.preventDefault();
        section.classList.remove('over');
        void move(Number(event.dataTransfer!.getData('text/plain')), stage);
      });
      columns.set(stage.key, column);
      return section;
    }),
  );
  for (const stage of stages) renderColumn(stage.key);
}

// ---- changes -----------------------------------------------------------------------------------------------------

/** Puts a contract on the board unless the board already shows a newer version of it (or its deletion). */
function putContract(contract: Contract, force = false): boolean {
  const current = cards.get(contract.id);
  if (!force && ((current && current.version > contract.version) || (gone.get(contract.id) ?? 0) > contract.version)) return false;
  if (current && current.status !== contract.status) dirtyColumns.add(current.status);
  if (!current || current.status !== contract.status) dirtyColumns.add(contract.status);
  cards.set(contract.id, contract);
  dirtyCards.add(contract.id);
  schedule();
  return true;
}

function removeContract(id: number, version: number) {
  gone.set(id, Math.max(gone.get(id) ?? 0, version));
  const current = cards.get(id);
  if (!current || current.version >= version) return;
  cards.delete(id);
  dirtyColumns.add(current.status);
  schedule();
}

/** Cards with a move on its way: one at a time per card, so a refusal always puts back what the server has. */
const moving = new Set<number>();

async function move(id: number, stage: Stage) {
  const before = cards.get(id);
  if (!before || before.status === stage.key) return;
  if (moving.has(id)) return toast('이 카드는 옮기는 중입니다');
  moving.add(id);
  try {
    await moveNow(id, stage, before);
  } finally {
    moving.delete(id);
  }
}

async function moveNow(id: number, stage: Stage, before: Contract) {
  // Optimistic: the card is in its new column at once; the answer confirms it or puts it back.
  const optimistic = { ...before, status: stage.key };
  putContract(optimistic, true);
  flush();
  document.querySelector<HTMLElement>(`.card[data-id="${id}"]`)?.focus();
  announce(`${before.customer.name} 고객님 카드를 ${stage.label}(으)로 옮기는 중`);
  // Back to where it was, unless something newer (an event) has replaced the optimistic card meanwhile.
  const putBack = () => cards.get(id) === optimistic && putContract(before, true);
  const body: Record<string, unknown> = { status: stage.key };
  if (stage.outcome !== 'open') body.resolutionDate = new Date().toISOString();
  let res: Awaited<ReturnType<typeof api<Contract & { message?: string }>>>;
  try {
    res = await api<Contract & { message?: string }>(`/contracts/${id}`, { method: 'PATCH', headers: { 'If-Match': `"v${before.version}"` }, body: JSON.stringify(body) });
  } catch {
    // The move may have been saved even so (the answer was lost): the server's card decides.
    putBack();
    toast('연결이 끊겨 옮겼는지 확인하지 못했습니다. 최신 카드를 불러옵니다.');
    return void refreshCard(id);
  }
  if (res.status === 200) {
    putContract(res.body); // never over a newer version that an event already brought
    announce(`${before.customer.name} 고객님 카드를 ${stage.label}(으)로 옮겼습니다`);
    return;
  }
  putBack();
  toast(res.status === 412 ? '다른 사람이 먼저 이 계약을 옮겼습니다. 최신 카드로 바꿨습니다.' : (res.body?.message ?? '이동하지 못했습니다'));
  await refreshCard(id); // whatever the refusal, the server's card is what the board shows
  flash(id);
}

/** The latest fetch of each card: an older answer that arrives late is not applied over a newer one. */
const fetches = new Map<number, number>();
let fetchCount = 0;

/** The server's card now (put on the board unless an event already brought a newer one). */
async function refreshCard(id: number) {
  const ticket = ++fetchCount;
  fetches.set(id, ticket);
  try {
    const fresh = await api<Contract>(`/contracts/${id}`);
    if (fetches.get(id) !== ticket) return;
    if (fresh.status === 200) putContract(fresh.body);
    else if (fresh.status === 404) removeContract(id, Number.MAX_SAFE_INTEGER);
  } catch {
    // offline: the socket's catch-up brings it later
  }
}

function applyEvent(event: BoardEvent) {
  if (event.type === 'pipeline.changed') return void loadBoard();
  // A customer, car or salesperson that cards show changed: those cards are fetched again (many: the board).
  if (event.type === 'contracts.changed') {
    const ids = (event.contractIds ?? []).filter((id) => cards.has(id));
    return void (event.all || ids.length > 20 ? loadBoard() : Promise.all(ids.map(refreshCard)));
  }
  // A card of a closed column that is not loaded yet left it: one fewer to load there.
  const id = event.contractId ?? event.contract?.id;
  if ((event.type === 'contract.deleted' || event.type === 'contract.moved') && id && !cards.has(id) && event.from) {
    const state = unloaded.get(event.from);
    if (state && state.count > 0 && (gone.get(id) ?? 0) < (event.version ?? 0)) (state.count--, dirtyColumns.add(event.from), schedule());
  }
  if (event.type === 'contract.deleted' && event.contractId) return removeContract(event.contractId, event.version ?? Number.MAX_SAFE_INTEGER);
  if (event.contract && putContract(event.contract) && event.actor?.id !== session?.user.id) {
    requestAnimationFrame(() => flash(event.contract!.id));
  }
}

/** Numbered events: each once, in order; a gap (never expected from the room) is filled from the API. */
function onNumbered(seq: number, event: BoardEvent) {
  if (loading) return void loading.push({ seq, event });
  if (lastSeq !== undefined && seq <= lastSeq) return;
  if (lastSeq !== undefined && seq > lastSeq + 1) return void catchUp();
  lastSeq = seq;
  applyEvent(event);
}

function catchUp(): Promise<void> {
  catchingUp ??= (async () => {
    try {
      for (let more = true; more && lastSeq !== undefined; ) {
        const res = await api<{ resync: boolean; seq: number; events: { seq: number; event: BoardEvent }[]; more: boolean }>(`/board/events?since=${lastSeq}`);
        if (res.status !== 200) return;
        if (res.body.resync) return void (await loadBoard());
        for (const { seq, event } of res.body.events) onNumbered(seq, event);
        more = res.body.more;
      }
    } finally {
      catchingUp = null;
    }
  })();
  return catchingUp;
}

/** The next page of a closed stage, into the board (cards already here are kept as they are). */
async function loadMore(stageKey: string) {
  const state = unloaded.get(stageKey);
  if (!state || state.count === 0 || state.cursor === null) return;
  const from = state.cursor ? `&after=${encodeURIComponent(state.cursor)}` : '';
  const limit = state.cursor ? PAGE : Math.min(200, cardsIn(stageKey).length + PAGE);
  const page = await api<{ totalItemCount: number; data: Contract[]; nextCursor: string | null }>(`/board/stages/${encodeURIComponent(stageKey)}?limit=${limit}${from}`);
  if (page.status !== 200) return;
  // Through putContract: a page answered before a deletion or a move never brings back the older card.
  for (const contract of page.body.data) putContract(contract);
  let here = 0;
  for (const contract of cards.values()) if (contract.status === stageKey) here++;
  unloaded.set(stageKey, { count: page.body.nextCursor ? Math.max(0, page.body.totalItemCount - here) : 0, cursor: page.body.nextCursor });
}

async function loadBoard() {
  if (loading) return;
  loading = [];
  try {
    const [pipeline, board] = await Promise.all([api<{ stages: Stage[] }>('/pipeline'), api<Record<string, { totalItemCount: number; data: Contract[] }>>(`/contracts?closedLimit=${PAGE}`)]);
    if (pipeline.status !== 200 || board.status !== 200) return;
    stages = pipeline.body.stages;
    cards.clear();
    unloaded.clear();
    for (const [key, column] of Object.entries(board.body)) {
      for (const contract of column.data) cards.set(contract.id, contract);
      if (column.totalItemCount > column.data.length) unloaded.set(key, { count: column.totalItemCount - column.data.length });
    }
    // The events after this number are exactly what this read does not show yet.
    lastSeq = Number(board.headers.get('X-Board-Seq') ?? 0);
    buildColumns();
  } finally {
    const arrived = loading ?? [];
    loading = null;
    for (const { seq, event } of arrived.sort((a, b) => a.seq - b.seq)) onNumbered(seq, event);
  }
}

// ---- live --------------------------------------------------------------------------------------------------------

function showPresence(users: User[]) {
  $('presence').replaceChildren(
    ...users.map((user) => {
      const el = document.createElement('div');
      el.className = 'avatar';
      el.title = user.name;
      el.dataset.userId = String(user.id);
      el.setAttribute('role', 'listitem');
      el.innerHTML = '<span class="initial" aria-hidden="true"></span><span class="name"></span>';
      (el.querySelector('.initial') as HTMLElement).textContent = user.name.slice(0, 1);
      (el.querySelector('.name') as HTMLElement).textContent = user.name;
      return el;
    }),
  );
}

function showHint(contractId: number, text: string) {
  const previous = hints.get(contractId);
  if (previous) clearTimeout(previous.timer);
  const timer = setTimeout(() => {
    hints.delete(contractId);
    const el = document.querySelector(`.card[data-id="${contractId}"] .hint`);
    if (el) el.textContent = '';
  }, 2000);
  hints.set(contractId, { text, timer });
  const el = document.querySelector(`.card[data-id="${contractId}"] .hint`);
  if (el) el.textContent = text; // one text node, not a redraw
}

function connectLive() {
  socket = new PartySocket({
    host: location.host,
    party: 'main',
    room: String(session!.companyId),
    // A fresh token for every (re)connect, and the last number this page has: the room sends what came after.
    query: async () => ({ token: await freshToken(), ...(lastSeq === undefined ? {} : { since: String(lastSeq) }) }),
  });
  socket.addEventListener('open', () => {
    heardAt = Date.now();
    $('status').textContent = '실시간 연결됨';
  });
  socket.addEventListener('close', (event) => {
    $('status').textContent = '다시 연결 중…';
    if (event.code === 4001) signedOut('세션이 끝났습니다. 다시 로그인하세요.');
    if (event.code === 4009) {
      socket?.close();
      $('status').textContent = '다른 탭에서 열려 있습니다';
    }
  });
  socket.addEventListener('message', (message) => {
    heardAt = Date.now();
    const data = JSON.parse(String(message.data));
    if (data.type === 'event') return onNumbered(data.seq, data.event);
    if (data.type === 'presence') return showPresence(data.users);
    if (data.type === 'resync') return void loadBoard();
    if (data.type === 'hint' && Number.isInteger(data.contractId)) showHint(data.contractId, `${data.user.name}님이 ${data.action === 'dragging' ? '옮기는' : '보는'} 중…`);
  });
  clearInterval(pinger);
  pinger = setInterval(() => {
    if (!socket) return;
    if (Date.now() - heardAt > SILENCE_LIMIT_MS) {
      heardAt = Date.now();
      socket.reconnect(); // a silent room is a dead socket
    } else if (socket.readyState === WebSocket.OPEN) socket.send('{"type":"ping"}');
  }, PING_EVERY_MS);
}

async function start() {
  $('signin').hidden = true;
  $('board').hidden = false;
  $('toolbar').hidden = false;
  $('me').textContent = session!.user.name;
  await loadBoard();
  if (session) connectLive();
}

// ---- controls ----------------------------------------------------------------------------------------------------

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
  session = { accessToken: body.accessToken, refreshToken: body.refreshToken, user: { id: body.user.id, name: body.user.name }, companyId: body.user.company.id };
  saveSession();
  $<HTMLInputElement>('password').value = '';
  await start();
});

$('logout').addEventListener('click', async () => {
  try {
    await api('/auth/logout', { method: 'POST' });
  } finally {
    signedOut();
  }
});

let searchTimer: ReturnType<typeof setTimeout> | undefined;
const refilter = () => {
  for (const stage of stages) {
    const column = columns.get(stage.key);
    if (column) column.limit = PAGE;
    dirtyColumns.add(stage.key);
  }
  schedule();
};
$('search').addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(refilter, 120);
});
$('mine').addEventListener('change', refilter);

const board = $('board');
board.addEventListener('dragstart', (event) => {
  const el = (event.target as HTMLElement).closest<HTMLElement>('.card');
  if (!el) return;
  event.dataTransfer!.setData('text/plain', el.dataset.id!);
  socket?.send(JSON.stringify({ type: 'dragging', contractId: Number(el.dataset.id) }));
});
// Keyboard: ←/→ moves the focused card to the previous/next stage, ↑/↓ walks the column.
board.addEventListener('keydown', (event) => {
  const el = (event.target as HTMLElement).closest<HTMLElement>('.card');
  if (!el) return;
  const contract = cards.get(Number(el.dataset.id));
  if (!contract) return;
  if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
    event.preventDefault();
    const at = stages.findIndex((s) => s.key === contract.status);
    const target = stages[at + (event.key === 'ArrowRight' ? 1 : -1)];
    if (target) void move(contract.id, target);
  } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    const next = (event.key === 'ArrowDown' ? el.nextElementSibling : el.previousElementSibling) as HTMLElement | null;
    next?.focus();
  }
});
board.addEventListener('focusin', (event) => {
  const el = (event.target as HTMLElement).closest<HTMLElement>('.card');
  if (el) socket?.send(JSON.stringify({ type: 'viewing', contractId: Number(el.dataset.id) }));
});

// A reload keeps the session (this tab only): the board comes back signed in.
try {
  session = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
} catch {
  session = null;
}
if (session) void start();
