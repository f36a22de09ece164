import type * as Party from 'partykit/server';

/**
 * One room per company: the live contract board. This is the foundation's shell: the room exists, answers its
 * status over HTTP and refuses every socket until authentication lands with the live-board issue, so nothing is
 * ever sent to an unauthenticated client.
 */
export default class BoardRoom implements Party.Server {
  readonly options: Party.ServerOptions = { hibernate: true };

  constructor(readonly room: Party.Room) {}

  static async onBeforeConnect(): Promise<Response> {
    return Response.json({ message: 'The live board is not open yet', code: 'FORBIDDEN' }, { status: 403 });
  }

  async onRequest(request: Party.Request): Promise<Response> {
    if (request.method !== 'GET') return Response.json({ message: 'Method not allowed', code: 'METHOD_NOT_ALLOWED' }, { status: 405 });
    return Response.json({ room: this.room.id, status: 'ok' });
  }
}

BoardRoom satisfies Party.Worker;
