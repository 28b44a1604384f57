import type { Feature } from '../app/feature';
import { admin } from './admin';
import { agenda } from './agenda';
import { commitments } from './commitments';
import { compass } from './compass';
import { dashboard } from './dashboard';
import { experiences } from './experiences';
import { home } from './home';
import { joint } from './joint';
import { meetings } from './meetings';
import { parties } from './parties';
import { questions } from './questions';
import { reflection } from './reflection';
import { roleMaps } from './rolemaps';
import { successes } from './successes';
import { webhooks } from './webhooks';

/**
 * Every capability of the web app, in the order of the navigation. A new capability (role maps,
 * agenda, reflections, …) adds its folder and one line here.
 */
export const features: Feature[] = [home, dashboard, parties, roleMaps, agenda, questions, successes, experiences, reflection, commitments, meetings, compass, joint, admin, webhooks];
