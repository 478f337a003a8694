import type { ReactNode } from 'react';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack } from '@atlaskit/primitives';

/**
 * A section of a page or panel with an Atlaskit heading, laid out by Atlaskit primitives in space
 * tokens (issue 17: one rhythm): heading and content 8 px apart (space.100). `data-rhythm` lets
 * app.css take the reset's margins off the Stack's children, so the tokens alone space them.
 */
export function Section({ id, title, level = 3, testId, children }: { id: string; title: ReactNode; level?: 2 | 3; testId?: string; children: ReactNode }) {
  return (
    <Box as="section" aria-labelledby={id} testId={testId} data-rhythm="">
      <Stack space="space.100">
        <Heading as={level === 2 ? 'h2' : 'h3'} size={level === 2 ? 'medium' : 'small'} id={id}>
          {title}
        </Heading>
        {children}
      </Stack>
    </Box>
  );
}

/** Sections one under another, 24 px apart (space.300). */
export function Sections({ children }: { children: ReactNode }) {
  return <Stack space="space.300">{children}</Stack>;
}

/** A page's or panel's title (an h2) with what stands beside it (as of, score, count), one row that wraps. */
export function TitleRow({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <Inline space="space.150" alignBlock="center" shouldWrap>
      <Heading as="h2" size="medium">
        {title}
      </Heading>
      {children}
    </Inline>
  );
}
