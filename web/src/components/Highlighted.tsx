import type { Highlight } from '@onewindow/domain';

/** Renders highlight segments as text, hits in <em>; never as HTML. */
export function Highlighted({ segments, fallback }: { segments?: Highlight; fallback: string }) {
  if (!segments || segments.length === 0) return <>{fallback}</>;
  return (
    <>
      {segments.map((s, i) =>
        s.hit ? (
          <em key={i} className="ow-hit">
            {s.text}
          </em>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}
