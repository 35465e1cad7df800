/**
 * Series colors readable on the light and the dark theme alike, with no red among them: red
 * is kept for errors. SVG presentation attributes take no CSS variables, hence literals.
 */
export const SERIES_COLORS = ['#3b82f6', '#14b8a6', '#f59e0b', '#8b5cf6', '#22c55e', '#06b6d4', '#a16207', '#64748b'];
export const OTHER_COLOR = '#9ca3af';
export const ERROR_COLOR = '#e5484d';
export const HEAT_COLOR = '#3b82f6';
