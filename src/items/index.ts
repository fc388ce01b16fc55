export { Id, ItemSchema, ScoringRulesSchema, SourceIds, Text, type Item, type ItemType, type ScoringRules } from './schema.js';
export { readResponse } from './responses.js';
export { scoreItem, FORMATIVE_RULES, type Response, type ItemScore } from './scoring.js';
export { answerProblems } from './answer-checks.js';
export { wrongParts, type WrongParts } from './wrong-parts.js';
