import { atLeast, type Category, type Severity } from '../model.js';

/**
 * Which alerts carry first steps (初動対応, DESIGN §13): security findings and failed controls of HIGH and above,
 * to the team and the ASPs. Municipal notices never do.
 */
export const carriesFirstResponse = (category: Category, severity: Severity): boolean =>
  (category === 'security' || category === 'compliance') && atLeast(severity, 'HIGH');
