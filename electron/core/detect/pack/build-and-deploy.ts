import type { Detection } from '../../../../shared/model/detection.ts';
import { codebuild } from './codebuild.ts';
import { codebuildSources } from './codebuild-sources.ts';
import { codecommit } from './codecommit.ts';
import { codedeploy } from './codedeploy.ts';

/** The rest of the delivery chain around pipelines: builds, repositories and deployments. */
export const buildAndDeploy: Detection[] = [...codebuild, ...codebuildSources, ...codecommit, ...codedeploy];
