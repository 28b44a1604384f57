export { api, unwrap, withEtag, type Schemas } from './client';
export { ApiError, mapProblemToFields, type Problem, type InvalidParam } from './problem';
