import { createRouter } from '../app/create-app';
import { getPipelineHandler, replaceCompanyStagesHandler, replaceStagesHandler } from './pipeline.handlers';
import { getPipeline, replaceCompanyStages, replaceStages } from './pipeline.routes';

export const pipelineRouter = createRouter().openapi(getPipeline, getPipelineHandler).openapi(replaceStages, replaceStagesHandler)
  .openapi(replaceCompanyStages, replaceCompanyStagesHandler);
