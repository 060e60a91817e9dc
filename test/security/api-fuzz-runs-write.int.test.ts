import { describeApiFuzz } from './api-fuzz.js';

describeApiFuzz('runs-write');
