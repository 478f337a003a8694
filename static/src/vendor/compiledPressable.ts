/**
 * Build-time stand-in for `@atlaskit/primitives/pressable` as Lozenge imports it (static/vite.config.ts):
 * the compiled Pressable, the build Lozenge's own compiled styles are written for, instead of the
 * Emotion one and its xcss maps. Lozenge draws it only for its dropdown-trigger variant.
 */
export { Pressable as default } from '@atlaskit/primitives/compiled';
