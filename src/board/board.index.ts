import { createRouter } from '../app/create-app';
import { boardEvents } from './board.handlers';
import { listBoardEvents } from './board.routes';
import { roomFeed } from './room-feed';

export const boardRouter = createRouter().openapi(listBoardEvents, boardEvents);
boardRouter.get('/internal/rooms/:companyId/events', roomFeed);
