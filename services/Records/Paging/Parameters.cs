using System.Linq.Expressions;

namespace Nacka.Records.Paging;

/// <summary>
/// Puts an expression where a lambda's parameter stood: how the list expressions and the date rules (<c>QueryRules</c>) are built
/// from templates.
/// </summary>
internal static class Parameters
{
    public static Expression Replace(Expression body, ParameterExpression parameter, Expression with) => new Replacer(parameter, with).Visit(body);

    /// <summary><paramref name="template"/>'s body with <paramref name="arguments"/> where its parameters stood, in order.</summary>
    public static Expression Inline(LambdaExpression template, params Expression[] arguments) =>
        template.Parameters.Zip(arguments).Aggregate(template.Body, (body, p) => Replace(body, p.First, p.Second));

    /// <summary>
    /// <paramref name="value"/> as a lambda's captured variable stands in its expression, so that EF sends it as a parameter (one
    /// statement for every value) rather than writing it into the SQL.
    /// </summary>
    public static Expression Captured<TValue>(TValue value)
    {
        Expression<Func<TValue>> captured = () => value;
        return captured.Body;
    }

    private sealed class Replacer(ParameterExpression parameter, Expression with) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? with : node;
    }
}
