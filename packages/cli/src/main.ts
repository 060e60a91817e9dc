#!/usr/bin/env node
import { MODEL_FORMAT } from '@fleetscore/svm';

console.log(MODEL_FORMAT);
