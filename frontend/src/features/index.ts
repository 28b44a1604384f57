import type { Feature } from '../app/feature';
import { admin } from './admin';
import { agenda } from './agenda';
import { compass } from './compass';
import { home } from './home';
import { joint } from './joint';
import { meetings } from './meetings';
import { parties } from './parties';
import { questions } from './questions';
import { roleMaps } from './rolemaps';
import { successes } from './successes';

/**
 * Every capability of the web app, in the order of the navigation. A new capability (role maps,
 * agenda, reflections, …) adds its folder and one line here.
 */
export const features: Feature[] = [home, parties, roleMaps, agenda, questions, successes, meetings, compass, joint, admin];
