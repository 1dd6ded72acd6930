using System.Linq.Expressions;

namespace Nacka.Records.Paging;

/// <summary>Puts an expression where a lambda's parameter stood: how the list expressions here are built from templates.</summary>
internal static class Parameters
{
    public static Expression Replace(Expression body, ParameterExpression parameter, Expression with) => new Replacer(parameter, with).Visit(body);

    private sealed class Replacer(ParameterExpression parameter, Expression with) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? with : node;
    }
}
