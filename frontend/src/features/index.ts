import type { Feature } from '../app/feature';
import { admin } from './admin';
import { compass } from './compass';
import { home } from './home';
import { parties } from './parties';
import { roleMaps } from './rolemaps';

/**
 * Every capability of the web app, in the order of the navigation. A new capability (role maps,
 * agenda, reflections, …) adds its folder and one line here.
 */
export const features: Feature[] = [home, parties, roleMaps, compass, admin];
