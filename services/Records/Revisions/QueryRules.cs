using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Nacka.Records.Paging;

namespace Nacka.Records.Revisions;

/// <summary>
/// Rules a query applies (which rows hold on a date), each written once as an expression with its
/// values as parameters, so that one rule serves both kinds of query: an ordinary LINQ query binds
/// the values (<see cref="Bind{T, TValue}"/>), and a compiled read (<see cref="RecordRead{TRevision, TCurrent, TWith}"/>) names
/// the rule where it applies it (<see cref="Apply{T, TValue, TResult}"/>, <see cref="HoldingOn{TRevision}"/>) and gets the
/// rule's own expression in its place when it is compiled.
/// </summary>
public static class QueryRules
{
    /// <summary>
    /// <paramref name="rule"/> applied to <paramref name="item"/> and <paramref name="value"/>, inside a compiled read's
    /// expression: replaced by the rule's body there. Not callable otherwise.
    /// </summary>
    public static TResult Apply<T, TValue, TResult>(this Expression<Func<T, TValue, TResult>> rule, T item, TValue value) =>
        throw new InvalidOperationException("QueryRules.Apply stands for its rule inside a compiled read; it is never run.");

    /// <summary>
    /// <paramref name="rule"/> applied to <paramref name="item"/>, <paramref name="value"/> and <paramref name="other"/>, inside a compiled
    /// read's expression: replaced by the rule's body there. Not callable otherwise.
    /// </summary>
    public static TResult Apply<T, TValue, TOther, TResult>(this Expression<Func<T, TValue, TOther, TResult>> rule, T item, TValue value,
        TOther other) =>
        throw new InvalidOperationException("QueryRules.Apply stands for its rule inside a compiled read; it is never run.");

    /// <summary>
    /// <paramref name="rule"/> applied to five values (a context, ids, a date and a moment, say), inside a compiled read's expression:
    /// replaced by the rule's body there. Not callable otherwise.
    /// </summary>
    public static TResult Apply<T1, T2, T3, T4, T5, TResult>(this Expression<Func<T1, T2, T3, T4, T5, TResult>> rule, T1 first, T2 second, T3 third,
        T4 fourth, T5 fifth) =>
        throw new InvalidOperationException("QueryRules.Apply stands for its rule inside a compiled read; it is never run.");

    /// <summary>
    /// <paramref name="db"/>'s revisions that may hold on <paramref name="date"/> as recorded by <paramref name="knownAt"/> (null: now), the one
    /// that holds first (<see cref="DatedRows{TRevision}.Holding"/>), inside a compiled read's expression: replaced by the rule there.
    /// </summary>
    public static IQueryable<TRevision> HoldingOn<TRevision>(this DbContext db, DateOnly date, DateTimeOffset? knownAt) where TRevision : Revision =>
        throw new InvalidOperationException("QueryRules.HoldingOn stands for its rule inside a compiled read; it is never run.");

    /// <summary>
    /// <paramref name="rule"/> with <paramref name="value"/> bound, for an ordinary LINQ query. The value goes in as a captured
    /// variable does, so EF sends it as a parameter (one statement for every value) rather than writing it into the SQL.
    /// </summary>
    public static Expression<Func<T, bool>> Bind<T, TValue>(Expression<Func<T, TValue, bool>> rule, TValue value) =>
        Expression.Lambda<Func<T, bool>>(Parameters.Inline(rule, rule.Parameters[0], Parameters.Captured(value)), rule.Parameters[0]);

    /// <summary><paramref name="rule"/> with <paramref name="value"/> and <paramref name="other"/> bound, as <see cref="Bind{T, TValue}"/>.</summary>
    public static Expression<Func<T, bool>> Bind<T, TValue, TOther>(Expression<Func<T, TValue, TOther, bool>> rule, TValue value, TOther other) =>
        Expression.Lambda<Func<T, bool>>(Parameters.Inline(rule, rule.Parameters[0], Parameters.Captured(value), Parameters.Captured(other)),
            rule.Parameters[0]);

    /// <summary>
    /// Puts each rule named in <paramref name="expression"/> (<see cref="Apply{T, TValue, TResult}"/>, <see cref="HoldingOn{TRevision}"/>) in
    /// its place.
    /// </summary>
    internal static Expression Expand(Expression expression) => new Expander().Visit(expression);

    /// <summary>
    /// <paramref name="read"/> with each rule it names in its place, ready for <c>EF.CompileAsyncQuery</c>: a compiled query of a
    /// service's own that applies the register's date rules (<see cref="HoldingOn{TRevision}"/>, <see cref="Apply{T, TValue, TResult}"/>).
    /// </summary>
    public static Expression<TDelegate> Expanded<TDelegate>(this Expression<TDelegate> read) => (Expression<TDelegate>)Expand(read);

    private sealed class Expander : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType != typeof(QueryRules))
            {
                return base.VisitMethodCall(node);
            }

            var arguments = node.Arguments.Select(Visit).ToList();
            if (node.Method.Name == nameof(HoldingOn))
            {
                var revision = node.Method.GetGenericArguments()[0];
                var rule = (LambdaExpression)typeof(DatedRows<>).MakeGenericType(revision).GetField(nameof(DatedRows<>.Holding))!.GetValue(null)!;
                var rows = Expression.Call(typeof(EntityFrameworkQueryableExtensions), nameof(EntityFrameworkQueryableExtensions.AsNoTracking), [revision],
                    Expression.Call(arguments[0]!, nameof(DbContext.Set), [revision]));
                return Visit(Parameters.Inline(rule, rows, arguments[1]!, arguments[2]!))!;
            }

            // Apply(rule, item, values...): the rule is a static field or property, read once here.
            var applied = (LambdaExpression)Expression.Lambda(arguments[0]!).Compile().DynamicInvoke()!;
            return Visit(Parameters.Inline(applied, [.. arguments.Skip(1).Select(a => a!)]))!;
        }
    }
}

/// <summary>Which of a record's revisions hold on a date: the rule every dated read of one entity or of many applies.</summary>
public static class DatedRows<TRevision> where TRevision : Revision
{
    /// <summary>
    /// The rows of <c>rows</c> that may hold on <c>date</c> (started by then; with <c>knownAt</c>, recorded by then), the
    /// one that holds first for each entity: the latest start, the newest version.
    /// </summary>
    public static readonly Expression<Func<IQueryable<TRevision>, DateOnly, DateTimeOffset?, IQueryable<TRevision>>> Holding =
        (rows, date, knownAt) => rows.Where(r => r.ValidFrom <= date && (knownAt == null || r.RecordedAt <= knownAt))
            .OrderByDescending(r => r.ValidFrom).ThenByDescending(r => r.Version);

    /// <summary><see cref="Holding"/> applied to <paramref name="rows"/> in an ordinary LINQ query, the date and moment as parameters.</summary>
    public static IQueryable<TRevision> HoldingIn(IQueryable<TRevision> rows, DateOnly date, DateTimeOffset? knownAt) =>
        rows.Provider.CreateQuery<TRevision>(Parameters.Inline(Holding, rows.Expression, Parameters.Captured(date), Parameters.Captured(knownAt)));
}
