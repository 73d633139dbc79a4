// The quality context's pure domain (events, verdict rules, decisions), loadable without the
// framework: what other contexts' domain files may import (@lotstream/quality/domain).
export * from './inspection/inspection.events';
export * from './inspection/verdict';
export * from './inspection/record-inspection/record-inspection';
export * from './lot-quality/lot-quality.state';
export * from './first-article/first-article-due/first-article-due';
export * from './first-article/first-article-form/first-article-form';
export * from './first-article/first-article.events';
export * from './first-article/approve-first-article/approve-first-article';
export * from './first-article/first-article-facts/first-article-facts';
