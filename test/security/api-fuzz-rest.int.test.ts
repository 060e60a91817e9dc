import { describeApiFuzz } from './api-fuzz.js';

describeApiFuzz('rest');
