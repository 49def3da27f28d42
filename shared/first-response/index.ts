export { carriesFirstResponse } from './applies.js';
export {
  type Candidate,
  candidateKeys,
  type FirstResponseInput,
  MATCH_LEVELS,
  type MatchLevel,
} from './candidate-keys.js';
export { FIRST_RESPONSE_CATALOGUE } from './catalogue.js';
export { type FirstResponse, firstResponse, indexCatalogue } from './first-response.js';
export {
  type Bilingual,
  catalogueSchema,
  type FirstResponseEntry,
  firstResponseEntrySchema,
} from './schema.js';
