import { createRouter } from '../app/create-app';
import { getPipelineHandler, replaceStagesHandler } from './pipeline.handlers';
import { getPipeline, replaceStages } from './pipeline.routes';

export const pipelineRouter = createRouter().openapi(getPipeline, getPipelineHandler).openapi(replaceStages, replaceStagesHandler);
