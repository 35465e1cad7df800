/** `iam.amazonaws.com` reads as `iam`, as in an IAM policy's action prefix. */
export const shortSource = (source: string | null) => source?.replace(/\.amazonaws\.com$/, '') ?? null;
