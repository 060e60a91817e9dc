import { describeApiFuzz } from './api-fuzz.js';

describeApiFuzz('models-write');
