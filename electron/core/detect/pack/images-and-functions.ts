import type { Detection } from '../../../../shared/model/detection.ts';
import { ecrImages } from './ecr-images.ts';
import { lambdaFunctions } from './lambda-functions.ts';

/** Container images and serverless functions: code the account runs, and where it comes from. */
export const imagesAndFunctions: Detection[] = [...ecrImages, ...lambdaFunctions];
